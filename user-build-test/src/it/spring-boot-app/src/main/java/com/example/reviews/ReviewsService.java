package com.example.reviews;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ReviewsService {

    public static void main(String[] args) {
        SpringApplication.run(ReviewsService.class, args);
    }
}
